"""The county's policy pack: its content (schema.py), applied to a traveller (evaluate.py),
and which pack is in force on this workstation (store.py). No Qt; see docs/POLICY.md."""
