"""A bot framework: plugins declare models on its base and ship their own revisions."""
