"""A person's tags: create, rename, merge, delete, and put them on saved papers."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count

from paperwire.lib.user_text import UserTextError, checked_name
from paperwire.library.models import SavedPaper, Tag, TagMembership
from paperwire.library.saving import save_paper
from paperwire.papers.models import Paper

NAME_MAX = 100
# What a form may send for one name before spaces are collapsed.
RAW_NAME_MAX = 1000


class TagError(ValueError):
    """A tag operation a person asked for cannot be done; the message says why."""


def clean_tag_name(name: str) -> str:
    """The name as stored: single spaces, no commas (the forms split on them), 1–100 characters.

    Control and invisible characters are refused (lib/user_text.py), before
    ``split`` would quietly turn some of them into spaces.
    """
    try:
        checked_name(name, label="A tag name", max_length=RAW_NAME_MAX)
    except UserTextError as exc:
        raise TagError(str(exc)) from None
    cleaned = " ".join(name.replace(",", " ").split())
    if not cleaned:
        raise TagError("A tag needs a name.")
    if len(cleaned) > NAME_MAX:
        raise TagError(f"A tag name has at most {NAME_MAX} characters.")
    return cleaned


def find_tag(user: User, name: str) -> Tag | None:
    return Tag.objects.filter(user=user, name__iexact=clean_tag_name(name)).first()


def get_or_create_tag(user: User, name: str) -> Tag:
    """The person's tag called ``name`` in any case, created when new."""
    cleaned = clean_tag_name(name)
    existing = Tag.objects.filter(user=user, name__iexact=cleaned).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Tag.objects.create(user=user, name=cleaned)
    except IntegrityError:
        return Tag.objects.get(user=user, name__iexact=cleaned)


def create_tag(user: User, name: str) -> Tag:
    cleaned = clean_tag_name(name)
    if Tag.objects.filter(user=user, name__iexact=cleaned).exists():
        raise TagError(f"You already have a tag “{cleaned}”.")
    return get_or_create_tag(user, cleaned)


def rename_tag(tag: Tag, name: str) -> Tag:
    """Rename; a change of case only is allowed, another tag's name is refused (merge instead)."""
    cleaned = clean_tag_name(name)
    if Tag.objects.filter(user_id=tag.user_id, name__iexact=cleaned).exclude(pk=tag.pk).exists():
        raise TagError(f"You already have a tag “{cleaned}”: merge the two instead.")
    tag.name = cleaned
    tag.save(update_fields=["name"])
    return tag


def merge_tags(source: Tag, into: Tag) -> Tag:
    """Move every paper of ``source`` to ``into`` and delete ``source``."""
    if source.user_id != into.user_id:
        raise TagError("Both tags must be yours.")
    if source.pk == into.pk:
        raise TagError("Choose two different tags to merge.")
    with transaction.atomic():
        already = TagMembership.objects.filter(tag=into).values("saved_id")
        TagMembership.objects.filter(tag=source).exclude(saved_id__in=already).update(tag=into)
        source.delete()
    return into


def delete_tag(tag: Tag) -> None:
    """Delete the tag; its papers stay saved."""
    tag.delete()


def add_tag(user: User, paper: Paper, name: str) -> Tag:
    """Put the tag ``name`` (created if new) on ``paper``, saving the paper if needed."""
    tag = get_or_create_tag(user, name)
    saved = save_paper(user, paper)
    tag_saved(tag, saved)
    return tag


def tag_saved(tag: Tag, saved: SavedPaper) -> None:
    try:
        with transaction.atomic():
            TagMembership.objects.get_or_create(tag=tag, saved=saved)
    except IntegrityError:
        pass


def remove_tag(user: User, paper: Paper, tag: Tag) -> None:
    TagMembership.objects.filter(tag=tag, saved__user=user, saved__paper=paper).delete()


def set_tags(user: User, paper: Paper, names: list[str]) -> list[Tag]:
    """Make the paper's tags exactly ``names`` (saving it); returns them in name order.

    Every name is checked before anything is stored: one bad name changes nothing.
    """
    cleaned = [clean_tag_name(name) for name in names if name.strip()]
    saved = save_paper(user, paper)
    tags = {tag.pk: tag for tag in (get_or_create_tag(user, name) for name in cleaned)}
    with transaction.atomic():
        TagMembership.objects.filter(saved=saved).exclude(tag_id__in=list(tags)).delete()
        for tag in tags.values():
            tag_saved(tag, saved)
    return sorted(tags.values(), key=lambda tag: tag.name.lower())


def split_tag_names(text: str) -> list[str]:
    """Tags typed in one box, separated by commas."""
    return [part.strip() for part in text.split(",") if part.strip()]


def tags_with_counts(user: User) -> list[Tag]:
    return list(Tag.objects.filter(user=user).annotate(paper_count=Count("memberships")).order_by("name", "id"))
