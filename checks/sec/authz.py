"""sec.authz: authorization beyond "logged in": roles, permissions, guards, policies."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("DRF permissions", "python", (), r"permission_classes\s*=\s*[\[(](?!\s*AllowAny)|['\"]DEFAULT_PERMISSION_CLASSES['\"]\s*:|class \w+\((\w+\.)?BasePermission\)|has_object_permission\("),
    Usage("Django permissions", "python", (), r"@permission_required\(|PermissionRequiredMixin|\.has_perms?\(|UserPassesTestMixin|@user_passes_test\("),
    Usage("scopes and roles", "python", (), r"Security\([^)]*scopes\s*=|\bif not [\w.]+\.is_(superuser|staff|admin)\b|\.roles?\b.*\bnot in\b|require_role\w*\(|@roles_required\(|RoleChecker\(|has_role\w*\("),
    Usage("casbin / oso", "any", ("casbin", "pycasbin", "oso", "oso-cloud", "github.com/casbin/casbin/v2"), r"casbin\.(Enforcer|NewEnforcer|newEnforcer)\(|\bnewEnforcer\(|\.enforce\(|\.Enforce\(|Oso\(\)|oso\.authorize\("),
    Usage("Nest guards and roles", "node", (), r"@Roles\(|implements CanActivate|RolesGuard|@Permissions\(|@CheckPolicies\("),
    Usage("CASL / accesscontrol", "node", ("@casl/ability", "accesscontrol"), r"defineAbility|AbilityBuilder|createMongoAbility|\.can\(\s*['\"]\w+['\"]|new AccessControl\("),
    Usage("role middleware", "node", (), r"req\.user\??\.(role|roles|permissions|isAdmin)\b|authorize\(\s*\[?['\"]\w+|\b(role|user)Rights\.get\(|\brequired(Rights|Roles|Permissions|Scopes)\.(every|some)\("),
    Usage("role checks", "go", (), r"(?<!func )(?<!\) )\b(HasRole|RequireRole|HasPermission|RequirePermission|Authorize)\w*\(|\.Role\s*!?=="),
    Usage("Spring method security", "java", (), r"@PreAuthorize\(|@Secured\(|@RolesAllowed\(|\.hasRole\(|\.hasAuthority\(|\.hasAnyRole\(|@PostAuthorize\(|\bif\s*\(\s*!\s*\w*Authoriz\w*\.can[A-Z]\w*\(", suffixes=(".java", ".kt")),
)


@check(
    id="sec.authz",
    blind_spots="Ownership checks written inline (if item.owner != user) are not recognised.",
    title="Authorization beyond authentication",
    severity="high",
    why="""
    Broken object-level and function-level authorization lead the OWASP API Top 10: a logged-in
    user reads or changes another user's data, or calls an admin route, because the code only
    checked that someone was logged in.
    """,
    fix="Check permissions on every route and object: roles or scopes for functions, ownership or policies for objects, in one reusable mechanism (guards, permission classes, policies).",
    fix_by_stack={
        "fastapi": "Use `Security(get_current_user, scopes=[\"items:write\"])` and check object ownership in a dependency.",
        "django": "Set DRF `permission_classes` (custom `BasePermission` with `has_object_permission`) or `@permission_required` on views.",
        "flask": "Check roles in a decorator (`@roles_required`) and object ownership in the view, or use casbin.",
        "express": "Add role/permission middleware after authentication (`authorize('admin')`), or CASL abilities for objects.",
        "nestjs": "Add a `RolesGuard` (`@Roles('admin')` with `Reflector`) or CASL policies via `@CheckPolicies`.",
        "go": "Add authorization middleware checking roles/scopes from the verified token, or casbin's `Enforce(sub, obj, act)`.",
        "java": "Enable method security (`@EnableMethodSecurity`) and annotate with `@PreAuthorize(\"hasRole('ADMIN')\")`.",
    },
    references=("https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/",
                "https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/"),
)
def authz(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "authorization")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "authorization", "no roles, permissions, guards or policies: any authenticated caller can do anything")
