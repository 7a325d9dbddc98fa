"""Adapters: translate platform events into requests and replies into platform messages. No show logic here."""
