"""Customer payments: public customers, a billing schema, a legacy invoices table."""
