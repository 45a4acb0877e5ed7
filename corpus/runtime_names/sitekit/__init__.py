"""A small multi-site framework: one process serves one site, chosen when it starts."""
