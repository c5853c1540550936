"""Writes to the API's own records (tokens, webhooks); the claim desk's go
through ``claims.services`` like every other door's."""
