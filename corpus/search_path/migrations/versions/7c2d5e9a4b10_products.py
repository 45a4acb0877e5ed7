"""products, as an old pg_dump writes them

Revision ID: 7c2d5e9a4b10
Revises:
Create Date: 2024-03-01 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7c2d5e9a4b10"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A table made on env.py's path (`catalog` first), then a schema dumped by a pg_dump older than
# version 10: the path is set before the schema exists, and nothing after it is qualified. The
# path a plain `SET` gives lasts for the connection, so for every later revision of the same
# `alembic upgrade`: the dump gives env.py's back at its end.
SCHEMA_DUMP = """
CREATE TABLE audit (
    id integer PRIMARY KEY,
    at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE FUNCTION public.new_code() RETURNS text
    LANGUAGE sql
    AS $$ SELECT md5(random()::text) $$;

SET search_path = shop, pg_catalog, public;

CREATE SCHEMA shop;

CREATE TYPE size AS ENUM ('s', 'm', 'l');

CREATE FUNCTION touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TABLE products (
    id integer NOT NULL,
    name text NOT NULL,
    code text DEFAULT public.new_code() NOT NULL,
    size size
);

CREATE SEQUENCE products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE products_id_seq OWNED BY products.id;

ALTER TABLE ONLY products ALTER COLUMN id SET DEFAULT nextval('products_id_seq'::regclass);

ALTER TABLE ONLY products ADD CONSTRAINT products_pkey PRIMARY KEY (id);

CREATE TABLE variants (
    id serial PRIMARY KEY,
    product_id integer NOT NULL,
    parent_id integer REFERENCES variants (id),
    size size DEFAULT 'm'::size
);

ALTER TABLE ONLY variants
    ADD CONSTRAINT variants_product_id_fkey FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE;

CREATE INDEX ix_variants_product_id ON variants USING btree (product_id);

CREATE UNIQUE INDEX uq_products_code ON products (code);

CREATE VIEW product_names AS SELECT id, name FROM products;

CREATE TRIGGER products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE PROCEDURE touch();

SET search_path = catalog, public;
"""


def upgrade() -> None:
    op.execute(SCHEMA_DUMP)


def downgrade() -> None:
    op.execute("DROP SCHEMA shop CASCADE")
    op.execute("DROP TABLE audit")
    op.execute("DROP FUNCTION public.new_code()")
