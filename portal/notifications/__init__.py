"""One way to tell people things: kinds registered by each app, inbox, email and SMS, preferences, digests.

Apps call `notify(...)` from their services (in the event's transaction) and declare their kinds in their own
`notifications.py`; no app sends mail or SMS itself (tests/test_architecture.py).
"""
