"""The county's watch list: salted hashes of document numbers with a reason, never names."""
