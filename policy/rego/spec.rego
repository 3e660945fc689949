# Which function-spec fields a caller's roles may set (OWASP API3, broken object property level
# authorization): a developer registers functions, but sizes beyond the limits and a "public" data
# classification (which loosens data-loss prevention) are reserved to the roles data names.
#
# Input: the authorization input (subject, roles, resource) plus the spec as submitted:
#   {"subject": "dev@example.com", "roles": [], "resource": {"kind": "function", "namespace": "team-a", "name": "f"},
#    "spec": {"maxInstances": 3, "memoryMb": 128, "cpus": 0.5, "classification": "internal"}}
# Entry point data.faas.spec.decision: {"allow": bool, "reason": string}.
package faas.spec

import data.faas.authz

default decision := {"allow": false, "reason": "denied by default"}

decision := {"allow": true, "reason": "spec allowed"} if {
	count(violations) == 0
	is_object(input.spec)
}

decision := {"allow": false, "reason": concat("; ", sort(violations))} if {
	count(violations) > 0
}

violations contains "spec missing" if not spec_given

spec_given if is_object(input.spec)

violations contains sprintf("only %s may set %s above %v", [concat(" or ", limit.roles), limit.field, limit.max]) if {
	some limit in data.faas.spec.field_limits
	input.spec[limit.field] > limit.max
	not holds_any(limit.roles)
}

violations contains sprintf("only %s may set %s to %s", [concat(" or ", rule.roles), rule.field, rule.value]) if {
	some rule in data.faas.spec.field_values
	input.spec[rule.field] == rule.value
	not holds_any(rule.roles)
}

holds_any(roles) if {
	some role in roles
	role in authz.request_roles
}
