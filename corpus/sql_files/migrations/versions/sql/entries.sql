CREATE TABLE ledger.entries (
    id bigserial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES ledger.accounts (id) ON DELETE CASCADE,
    amount numeric(12, 2) NOT NULL CHECK (amount <> 0),
    booked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_entries_account_id ON ledger.entries (account_id);
