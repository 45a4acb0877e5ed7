"""The plugin's models, on the host application's base: its metadata holds the host's tables
too, as it does when the application runs."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hostapp.models import Base


class Badge(Base):
    __tablename__ = "badges"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(40))


class CourseBadge(Base):
    __tablename__ = "course_badges"

    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), primary_key=True)
    badge_id: Mapped[int] = mapped_column(sa.ForeignKey("badges.id"), primary_key=True)
