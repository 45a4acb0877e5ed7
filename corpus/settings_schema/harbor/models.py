"""A harbour's vessels and berths. No class or foreign key names a schema: the metadata's
does (harbor/db.py)."""
from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, Numeric, Sequence, String

from harbor.db import SCHEMA, Base


class Vessel(Base):
    __tablename__ = "vessels"

    id = Column(BigInteger, Sequence("vessel_id_seq", schema=SCHEMA), primary_key=True)
    name = Column(String(80), nullable=False, unique=True)


class Berth(Base):
    __tablename__ = "berths"
    __table_args__ = (Index("ix_berths_vessel_id", "vessel_id"),)

    id = Column(Integer, primary_key=True)
    vessel_id = Column(ForeignKey("vessels.id"))
    code = Column(String(10), nullable=False)
    length_m = Column(Numeric(6, 2))
