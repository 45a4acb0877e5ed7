import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from hostapp.orm import Model


class Note(Model):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    tag_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tags.id"), index=True)
    pinned_at: Mapped[Optional[datetime.datetime]] = None
