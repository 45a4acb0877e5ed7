-- The accounts, in a schema of their own.
SET lock_timeout = '5s';
CREATE SCHEMA ledger;

CREATE TABLE ledger.accounts (
    id serial PRIMARY KEY,
    code varchar(12) NOT NULL UNIQUE,
    name text NOT NULL,
    opened_on date NOT NULL DEFAULT CURRENT_DATE
);

CREATE INDEX ix_accounts_name ON ledger.accounts (lower(name));
