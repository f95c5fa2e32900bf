"""The settings window: Sources, Notifications, Profile, General."""
