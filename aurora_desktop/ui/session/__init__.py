"""The session screen: checklist, devices, checkpoints, alerts, discharge and sign-off."""
