"""Permission names in Chinese (issue 10, item 4).

Django names the permissions it creates "Can add <model>" etc. in English, whatever the language, and
stores the name in the database: the admin's user and group pages list them as stored. After every migrate
(post_migrate) the default permissions get their Chinese names, "可以添加 家庭", from the model's verbose name.
They stay Chinese on the English pages too (the names are data, like the regions' names).
Only the four default kinds are renamed, and only when the name is still Django's English one; a name set
by hand is left alone.
"""

from __future__ import annotations

VERBS = {"add": "可以添加", "change": "可以修改", "delete": "可以删除", "view": "可以查看"}
ENGLISH = {"add": "Can add", "change": "Can change", "delete": "Can delete", "view": "Can view"}


def chinese_name(kind: str, verbose_name: str) -> str:
    return f"{VERBS[kind]} {verbose_name}"[:255]


def name_permissions_in_chinese(using: str = "default", **_kwargs) -> int:
    """Rename the default permissions still called "Can add …" (all apps at once; cheap when none is left).
    The model's name as a Chinese reader sees it: jiuzhu's verbose names are Chinese, Django's own (用户, 组)
    come from Django's Chinese catalog."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q
    from django.utils import translation

    english = Q()
    for prefix in ENGLISH.values():
        english |= Q(name__startswith=prefix + " ")
    changed = []
    with translation.override("zh-hans"):
        for perm in Permission.objects.using(using).filter(english).select_related("content_type"):
            kind = perm.codename.partition("_")[0]
            model = perm.content_type.model_class()
            if kind not in VERBS or model is None or perm.codename != f"{kind}_{model._meta.model_name}":
                continue
            perm.name = chinese_name(kind, str(model._meta.verbose_name))
            changed.append(perm)
    Permission.objects.using(using).bulk_update(changed, ["name"])
    return len(changed)
