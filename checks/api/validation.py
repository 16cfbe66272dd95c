"""api.validation: request bodies and parameters are validated against a schema."""

from __future__ import annotations

from prodready.facts import CheckContext
from prodready.facts.usage import Usage
from prodready.model import Outcome
from prodready.registry import check
from prodready.verdicts import needs_http_service, usage_outcome

USAGES = (
    Usage("pydantic models", "python", ("pydantic",), r"class \w+\((\w+\.)?BaseModel\)"),
    Usage("DRF serializers", "python", (), r"serializers\.(Model)?Serializer\b|\.is_valid\(raise_exception"),
    Usage("marshmallow", "python", ("marshmallow", "flask-marshmallow", "flask-smorest", "webargs"), r"class \w+\((ma\.|marshmallow\.)?(SQLAlchemyAuto)?Schema\)|@use_args\(|@(blp|bp)\.arguments\("),
    Usage("Django forms", "python", (), r"forms\.(Model)?Form\b"),
    Usage("pydantic", "python", ("pydantic",), r"\bmodel_validate(_json)?\(|\bparse_obj\(|TypeAdapter\("),
    Usage("zod", "node", ("zod",), r"\bz\.object\(|\.safeParse\(|\.parse\(req\.(body|query|params)"),
    Usage("joi", "node", ("joi", "@hapi/joi", "celebrate"), r"Joi\.object\(|celebrate\("),
    Usage("class-validator", "node", ("class-validator",), r"@Is(String|Int|Email|NotEmpty|Number|Boolean|UUID|Optional|Enum|Date)\w*\(|ValidationPipe"),
    Usage("express-validator", "node", ("express-validator",), r"validationResult\(|\b(body|param|query|check)\(['\"]\w+['\"]\)\."),
    Usage("yup", "node", ("yup",), r"\byup\.object\(|\bobject\(\{[\s\S]{0,20}\.(string|number)\(\)"),
    Usage("ajv / fastify schema", "node", ("ajv", "@sinclair/typebox"), r"new Ajv\(|\bschema\s*:\s*\{[\s\S]{0,40}(body|querystring|params)\s*:|Type\.Object\("),
    Usage("go-playground/validator", "go", ("github.com/go-playground/validator/v10",), r"validator\.New\(|validate:\"[^\"]+\""),
    Usage("struct binding (gin/echo)", "go", (), r"binding:\"[^\"]*required|\.ShouldBind(JSON|Query|Uri)?\(|\.Bind(JSON)?\("),
    Usage("echo validator", "go", (), r"\.Validator\s*=|\.Validate\(\w+\)"),
    Usage("ozzo-validation", "go", ("github.com/go-ozzo/ozzo-validation*",), r"validation\.ValidateStruct\("),
    Usage("Bean Validation", "java", ("org.springframework.boot:spring-boot-starter-validation", "jakarta.validation:jakarta.validation-api",
                                     "javax.validation:validation-api", "org.hibernate.validator:hibernate-validator"),
          r"@(Valid|Validated)\b", suffixes=(".java", ".kt")),
)


@check(
    id="api.validation",
    blind_spots="Hand-written validation (if/raise on fields) is not recognised; the check does not prove every route is validated, only that a schema library is in use.",
    title="Requests are validated by a schema",
    severity="high",
    why="""
    Every field a client sends is untrusted. Validating bodies and parameters against a schema at
    the edge rejects malformed and malicious input with a clear 400 instead of a 500, a corrupt
    row or an injection deeper in the code.
    """,
    fix="Declare request schemas and validate every body and parameter at the edge, rejecting invalid input with 400/422.",
    fix_by_stack={
        "fastapi": "Declare request bodies as pydantic models (`def create(item: ItemIn)`) and parameters with types and `Query(..., ge=1, le=100)`.",
        "django": "Validate with DRF serializers: `serializer = ItemSerializer(data=request.data); serializer.is_valid(raise_exception=True)`.",
        "flask": "Use flask-smorest or webargs with marshmallow schemas (`@blp.arguments(ItemSchema)`), or pydantic models.",
        "express": "Validate with zod: `const Item = z.object({...}); const body = Item.parse(req.body)` (or express-validator chains) in each route.",
        "nestjs": "Use DTO classes with class-validator decorators and `app.useGlobalPipes(new ValidationPipe({ whitelist: true }))`.",
        "fastify": "Give each route a JSON schema (`schema: { body: {...}, querystring: {...} }`); Fastify validates with ajv.",
        "go": "Use go-playground/validator tags (`validate:\"required,email\"`) with `validator.New().Struct(req)`, or gin's `binding:\"required\"` with ShouldBindJSON.",
        "java": "Add spring-boot-starter-validation, annotate DTO fields (`@NotBlank`, `@Size`) and controller parameters with `@Valid`.",
    },
    references=("https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html", "https://zod.dev/",
                "https://docs.spring.io/spring-framework/reference/core/validation/beanvalidation.html"),
)
def validation(ctx: CheckContext) -> Outcome:
    skip = needs_http_service(ctx, "request validation")
    if skip:
        return skip
    return usage_outcome(ctx.usage(USAGES), "requests validated", f"no schema validation of requests found for {', '.join(ctx.frameworks)}")
