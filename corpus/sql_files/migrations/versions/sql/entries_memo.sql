ALTER TABLE ledger.entries ADD COLUMN memo varchar(200);
