"""Device fleet management: accounts, devices, readings and support tickets."""
