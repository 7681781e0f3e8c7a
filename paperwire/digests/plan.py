"""What a subscriber's next digest will carry, section by section, in words for the settings page.

The stored numbers are upper bounds, and a section can be empty for a
reason the person can act on (no library yet, no follow with email on, no
account). The preferences page shows these lines so nobody has to guess
why a section never arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperwire.community.models import Comment, Upvote
from paperwire.digests.content import MAX_UPDATES, SECTION_TITLES, Section
from paperwire.digests.models import Subscription
from paperwire.library.models import Follow, SavedPaper


@dataclass(frozen=True)
class SectionPlan:
    section: str
    papers: int  # at most this many papers in the next digest (0: the section is empty or off)
    sentence: str

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.section]


@dataclass(frozen=True)
class _Library:
    saved: int
    upvoted: int
    commented: int
    follows_with_email: int

    @property
    def signals(self) -> int:
        return self.saved + self.upvoted + self.commented


def _library(user_id: int) -> _Library:
    return _Library(
        saved=SavedPaper.objects.filter(user_id=user_id).count(),
        upvoted=Upvote.objects.filter(user_id=user_id).count(),
        commented=Comment.objects.filter(author_id=user_id).values("paper_id").distinct().count(),
        follows_with_email=Follow.objects.filter(user_id=user_id).exclude(email=Follow.Email.OFF).count(),
    )


def _papers(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


def _trending(subscription: Subscription) -> SectionPlan:
    count = subscription.paper_count
    if not count:
        return SectionPlan(Section.TRENDING, 0, "Off.")
    where = f" in {', '.join(subscription.categories)}" if subscription.categories else ""
    order = ", closest to your interests first" if subscription.interest_lines else ""
    sentence = f"Up to {_papers(count)} of the period's trending papers{where}{order}."
    return SectionPlan(Section.TRENDING, count, sentence)


def _for_you(subscription: Subscription, library: _Library | None) -> SectionPlan:
    count = subscription.for_you_count
    if library is None:
        return SectionPlan(Section.FOR_YOU, 0, "Needs an account: sign up with this address to get it.")
    if not count:
        hint = f" You have {_papers(library.signals)} saved, upvoted or commented on." if library.signals else ""
        return SectionPlan(Section.FOR_YOU, 0, "Off." + hint)
    if not library.signals:
        return SectionPlan(
            Section.FOR_YOU,
            0,
            f"Empty until you save, upvote or comment on a paper; then up to {_papers(count)} ranked for them.",
        )
    kinds = ((library.saved, "saved"), (library.upvoted, "upvoted"), (library.commented, "commented on"))
    parts = [f"{number} {what}" for number, what in kinds if number]
    return SectionPlan(
        Section.FOR_YOU, count, f"Up to {_papers(count)} of the period ranked for your library ({', '.join(parts)})."
    )


def _follows(subscription: Subscription, library: _Library | None) -> SectionPlan:
    count = subscription.follows_count
    if library is None:
        return SectionPlan(Section.FOLLOWS, 0, "Needs an account: follow authors, tags, categories or searches.")
    if not count:
        return SectionPlan(Section.FOLLOWS, 0, "Off.")
    follows = library.follows_with_email
    if not follows:
        return SectionPlan(Section.FOLLOWS, 0, "Empty: none of your follows has email on (see Follows).")
    return SectionPlan(
        Section.FOLLOWS,
        count,
        f"Up to {count} new paper{'' if count == 1 else 's'} from your {follows} follow{'' if follows == 1 else 's'}"
        " with email on.",
    )


def section_plan(subscription: Subscription) -> list[SectionPlan]:
    """The digest's sections in the order it sends them, each with its bound and a sentence."""
    library = _library(subscription.user_id) if subscription.user_id else None
    plan = [_for_you(subscription, library), _follows(subscription, library), _trending(subscription)]
    if library is not None and library.saved:
        plan.append(
            SectionPlan(
                Section.UPDATES,
                MAX_UPDATES,
                f"Up to {MAX_UPDATES} new versions, DOIs and journal references of your saved papers.",
            )
        )
    return plan
