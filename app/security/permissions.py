"""Roles and what each may do. Checked in the services, so the window, the CLI and any
later caller get the same answer (고시 제5조①: least privilege)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.errors import MESSAGES, AppError
from app.i18n import N_

MESSAGES.update({
    "password_change_required": N_("관리자가 정한 임시 비밀번호로는 일할 수 없습니다. 먼저 새 비밀번호를 정하세요"
                                   "(창에서 다시 로그인하거나 councildesk passwd --user {user})."),
})


class Permission(str, Enum):
    MEMBERS_READ = "members.read"
    MEMBERS_PERSONAL = "members.personal"  # birth dates and other personal fields of members
    MEMBERS_EDIT = "members.edit"
    MEETINGS_READ = "meetings.read"
    MEETINGS_EDIT = "meetings.edit"
    PRINT = "print"
    EXPORT = "export"
    SETTINGS_EDIT = "settings.edit"
    ACCOUNTS_MANAGE = "accounts.manage"
    ACCESS_LOG_READ = "access_log.read"
    BACKUP = "backup"
    RESTORE = "restore"
    CASES_READ = "cases.read"
    CASES_EDIT = "cases.edit"
    SYNC = "sync"  # write and apply USB packages, resolve their conflicts
    SYNC_ENROLL = "sync.enroll"  # enroll and revoke devices, accept an enrollment (administrators)
    RESOURCES_READ = "resources.read"  # the directory of local resources (지역자원)
    RESOURCES_EDIT = "resources.edit"
    NETWORK_READ = "network.read"  # joint projects, plan items and the network map
    NETWORK_EDIT = "network.edit"


ROLES: dict[str, tuple[str, str]] = {
    "admin": ("관리자", "Administrator"),
    "coordinator": ("간사", "Coordinator"),
    "case_worker": ("사례담당", "Case worker"),
    "viewer": ("위원", "Member (read-only)"),
}

_ALL = frozenset(Permission)
_COORDINATOR = frozenset({
    Permission.MEMBERS_READ, Permission.MEMBERS_PERSONAL, Permission.MEMBERS_EDIT, Permission.PRINT,
    Permission.MEETINGS_READ, Permission.MEETINGS_EDIT,
    Permission.EXPORT, Permission.BACKUP, Permission.CASES_READ, Permission.CASES_EDIT, Permission.SYNC,
    Permission.RESOURCES_READ, Permission.RESOURCES_EDIT,
    Permission.NETWORK_READ, Permission.NETWORK_EDIT,
})
_CASE_WORKER = frozenset({
    Permission.MEMBERS_READ, Permission.MEETINGS_READ, Permission.PRINT, Permission.CASES_READ, Permission.CASES_EDIT, Permission.BACKUP,
    Permission.RESOURCES_READ, Permission.NETWORK_READ,
})
_VIEWER = frozenset({Permission.MEMBERS_READ, Permission.MEETINGS_READ, Permission.RESOURCES_READ,
                     Permission.NETWORK_READ})

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "admin": _ALL,
    "coordinator": _COORDINATOR,
    "case_worker": _CASE_WORKER,
    "viewer": _VIEWER,
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in account, or the program itself (migrations, demo)."""

    username: str
    role: str
    display_name: str = ""
    # Logged in with a temporary password an administrator set: nothing may be done but
    # choosing a new one (``change_own_password``), in the window, the CLI or a script.
    must_change_password: bool = False

    def can(self, permission: Permission) -> bool:
        if self.must_change_password:
            return False
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, (self.role, self.role))[0]


SYSTEM = Actor("system", "admin", "협의체 데스크")


class NotAllowed(AppError):
    exit_code = 3

    def __init__(self, permission: Permission, actor: Actor | None) -> None:
        super().__init__("not_allowed", role=actor.role_label if actor else "로그인하지 않은 사용자",
                         permission=permission.value)


class PasswordChangeRequired(AppError):
    """The account holds a temporary password: every service refuses until it is changed."""

    exit_code = 3

    def __init__(self, actor: Actor) -> None:
        super().__init__("password_change_required", user=actor.username)


def require(actor: Actor | None, permission: Permission) -> Actor:
    if actor is not None and actor.must_change_password:
        raise PasswordChangeRequired(actor)
    if actor is None or not actor.can(permission):
        raise NotAllowed(permission, actor)
    return actor
