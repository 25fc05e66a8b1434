"""The second-generation resident ID card reader (二代身份证阅读器): model, protocol, drivers.

Plain Python with no Qt: `model` is the card as the workstation keeps it (never the
address or the photo), `protocol` the SAM module's serial frames (GA 467), and the two
drivers read through pyserial (`serial_driver`) or the vendors' Windows DLL
(`sdtapi_driver`). See docs/IDCARD.md.
"""
