"""The publisher's console: server-rendered pages over the service layer."""
