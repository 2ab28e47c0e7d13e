"""Twilio Programmable Messaging webhooks (form fields as Twilio posts them)."""

ACCOUNT = "AC" + "0" * 32

SMS_TEXT = {
    "ToCountry": "US", "ToState": "TX", "SmsMessageSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f",
    "NumMedia": "0", "ToCity": "HOUSTON", "FromZip": "77002", "SmsSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f",
    "FromState": "TX", "SmsStatus": "received", "FromCity": "HOUSTON",
    "Body": "ayuda x favor el agua esta entrando a la casa", "FromCountry": "US",
    "To": "+15005550006", "ToZip": "77001", "NumSegments": "1",
    "MessageSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f", "AccountSid": ACCOUNT,
    "From": "+17135550123", "ApiVersion": "2010-04-01",
}  # fmt: skip

SMS_MMS_PHOTO = {
    **SMS_TEXT,
    "MessageSid": "MM2a0e8ae6ade43cb3c0ce4525424e4051", "SmsSid": "MM2a0e8ae6ade43cb3c0ce4525424e4051",
    "SmsMessageSid": "MM2a0e8ae6ade43cb3c0ce4525424e4051", "NumMedia": "1",
    "Body": "", "MediaContentType0": "image/jpeg",
    "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM2a/Media/ME96",
}  # fmt: skip

WHATSAPP_TEXT = {
    "SmsMessageSid": "SM3b1e8ae6ade43cb3c0ce4525424e4062", "NumMedia": "0",
    "ProfileName": "Marisol", "MessageType": "text", "SmsSid": "SM3b1e8ae6ade43cb3c0ce4525424e4062",
    "WaId": "5219625550134", "SmsStatus": "received", "Body": "necesito un abogado, no me pagan",
    "To": "whatsapp:+14155238886", "NumSegments": "1", "ReferralNumMedia": "0",
    "MessageSid": "SM3b1e8ae6ade43cb3c0ce4525424e4062", "AccountSid": ACCOUNT,
    "From": "whatsapp:+5219625550134", "ApiVersion": "2010-04-01",
}  # fmt: skip

WHATSAPP_LOCATION = {
    **WHATSAPP_TEXT,
    "MessageSid": "SM4c2e8ae6ade43cb3c0ce4525424e4073", "SmsSid": "SM4c2e8ae6ade43cb3c0ce4525424e4073",
    "SmsMessageSid": "SM4c2e8ae6ade43cb3c0ce4525424e4073", "MessageType": "location", "Body": "",
    "Latitude": "14.9056", "Longitude": "-92.2633", "Address": "Centro, Tapachula", "Label": "Parque Central",
}  # fmt: skip

WHATSAPP_VOICE_NOTE = {
    **WHATSAPP_TEXT,
    "MessageSid": "MM5d3e8ae6ade43cb3c0ce4525424e4084", "SmsSid": "MM5d3e8ae6ade43cb3c0ce4525424e4084",
    "SmsMessageSid": "MM5d3e8ae6ade43cb3c0ce4525424e4084", "MessageType": "audio", "Body": "",
    "NumMedia": "1", "MediaContentType0": "audio/ogg",
    "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM5d/Media/ME11",
}  # fmt: skip

STATUS_DELIVERED = {
    "SmsSid": "SMdeadbeef", "SmsStatus": "delivered", "MessageStatus": "delivered",
    "To": "+17135550123", "MessageSid": "SMdeadbeef", "AccountSid": ACCOUNT,
    "From": "+15005550006", "ApiVersion": "2010-04-01",
}  # fmt: skip

STATUS_UNDELIVERED_OPTED_OUT = {
    **STATUS_DELIVERED, "SmsStatus": "undelivered", "MessageStatus": "undelivered", "ErrorCode": "21610",
}  # fmt: skip
