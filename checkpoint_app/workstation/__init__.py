"""What a checkpoint does — register a traveller, hand a shift over, run a sync round.

Plain Python, no Qt: the screens in gui/ call these use cases and show their results; a use
case's writes happen in one transaction here, never in a widget.
"""
