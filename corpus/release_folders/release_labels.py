"""The branch labels every release's revisions use, in one place (the revision headers import
them, as projects with expand/contract branches do)."""

EXPAND_BRANCH = "expand"
CONTRACT_BRANCH = "contract"
