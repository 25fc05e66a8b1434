"""The traveller record: values, validation and masking. Plain Python, no Qt, no storage."""
