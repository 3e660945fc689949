# Role-based access control for every FaaSioFlex API action.
#
# Roles and the actions they grant live in data.faas.rbac (policy/data/faas/rbac/data.json), so an
# administrator changes them without rebuilding the platform. The entry point is
# data.faas.authz.decision: an object {"allow": bool, "reason": string}. Anything not explicitly
# granted is denied, including missing or malformed input, unknown roles and unknown actions.
#
# Input:
#   {"subject": "alice@example.com", "roles": ["developer"], "action": "function.register",
#    "resource": {"kind": "function", "namespace": "default", "name": "echo"}}
# and, for a caller whose roles hold in one namespace only (a platform-issued API key), optionally
#   "scoped_roles": [{"namespace": "team-a", "role": "invoker"}]
#
# A request holds three kinds of roles: those its token asserts (input.roles, global: the identity
# provider is trusted to assert them), those bound to its subject in data.faas.tenancy.bindings
# for the resource's namespace, or for every namespace ("*"), and its scoped roles, which hold in
# their own namespace and nowhere else. Dex's local users carry no group claim, so their roles come
# from bindings only.
package faas.authz

# The wildcard an administrator puts in a role's action list to grant every known action.
wildcard := "*"

default decision := {"allow": false, "reason": "denied by default"}

decision := {"allow": true, "reason": concat("", ["role ", granting_role, " grants ", input.action])} if {
	allowed
}

decision := {"allow": false, "reason": deny_reason} if {
	not allowed
}

allowed if {
	valid_request
	count(granting_roles) > 0
}

# The roles of the request that grant its action; sorted so the reason is stable.
granting_roles contains role if {
	some role in request_roles
	role_grants(role, input.action)
}

granting_role := sort(granting_roles)[0]

role_grants(role, action) if {
	known_action(action)
	some granted in data.faas.rbac.roles[role].actions
	granted_matches(granted, action)
}

granted_matches(granted, action) if granted == action

granted_matches(granted, _) if granted == wildcard

known_action(action) if {
	some known in data.faas.rbac.actions
	known == action
}

known_role(role) if data.faas.rbac.roles[role]

# Roles as a set of strings; anything else in input.roles is ignored and so grants nothing.
request_roles contains role if {
	some role in input.roles
	is_string(role)
}

request_roles contains binding.role if {
	some binding in data.faas.tenancy.bindings
	binding.subject == input.subject
	binding_covers(binding.namespace)
}

# A group the identity provider asserts (input.roles holds it as "group:<name>") grants the roles
# data.faas.tenancy.group_bindings maps it to, per namespace.
request_roles contains binding.role if {
	some binding in data.faas.tenancy.group_bindings
	concat("", ["group:", binding.group]) in input.roles
	binding_covers(binding.namespace)
}

# A scoped role never covers every namespace, nor a resource outside any namespace (the audit log,
# API keys): those need a global role.
request_roles contains scoped.role if {
	some scoped in input.scoped_roles
	is_string(scoped.role)
	scoped.namespace == input.resource.namespace
	scoped.namespace != ""
	scoped.namespace != "*"
}

binding_covers(namespace) if namespace == "*"

binding_covers(namespace) if namespace == input.resource.namespace

valid_request if {
	subject_given
	action_given
	roles_given
}

# Named rules rather than inline calls: OPA hoists the arguments of a negated call out of the
# negation, so "not f(input.x)" fails instead of succeeding when input.x is missing.
subject_given if non_empty_string(input.subject)

action_given if non_empty_string(input.action)

roles_given if is_array(input.roles)

non_empty_string(value) if {
	is_string(value)
	value != ""
}

# The first failed check names the reason, from the most basic (input shape) to the most specific.
deny_reason := "input.subject missing" if {
	not subject_given
} else := "input.action missing" if {
	not action_given
} else := "input.roles must be an array of role names" if {
	not roles_given
} else := concat("", ["unknown action ", input.action]) if {
	not known_action(input.action)
} else := "subject has no roles" if {
	count(request_roles) == 0
} else := concat("", ["unknown role ", only_role]) if {
	not known_role(only_role)
} else := concat("", ["role ", only_role, " may not ", input.action]) if {
	only_role
} else := concat("", ["no role grants ", input.action])

# The single role of a request that has exactly one; undefined otherwise.
only_role := role if {
	count(request_roles) == 1
	some role in request_roles
}
