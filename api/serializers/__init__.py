"""Serializers validate what comes in and shape what goes out; they never save."""
