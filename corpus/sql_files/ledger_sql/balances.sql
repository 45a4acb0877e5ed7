CREATE VIEW ledger.balances AS
    SELECT a.id AS account_id, coalesce(sum(e.amount), 0) AS balance
    FROM ledger.accounts a
    LEFT JOIN ledger.entries e ON e.account_id = a.id
    GROUP BY a.id;
