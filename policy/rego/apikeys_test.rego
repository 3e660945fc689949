package faas.apikeys_test

import data.faas.authz

# Platform-issued API keys: only a global admin manages them, and a key's role holds in its own
# namespace only (input.scoped_roles).

apikey_actions := {"apikey.create", "apikey.read", "apikey.revoke"}

keys := {"kind": "apikey", "namespace": "", "name": ""}

managing(subject, roles, action) := decision if {
	decision := authz.decision with input as {
		"subject": subject,
		"roles": roles,
		"action": action,
		"resource": keys,
	}
}

by_key(scope, action, namespace) := decision if {
	decision := authz.decision with input as {
		"subject": "apikey:0123456789abcdef01234567",
		"roles": [],
		"scoped_roles": [scope],
		"action": action,
		"resource": {"kind": "function", "namespace": namespace, "name": "f"},
	}
}

test_apikey_actions_are_known if {
	every action in apikey_actions {
		authz.known_action(action)
	}
}

test_global_admin_manages_keys if {
	every action in apikey_actions {
		managing("ops@example.com", ["admin"], action).allow == true
	}
}

test_admin_bound_to_every_namespace_manages_keys if {
	managing("admin@example.com", [], "apikey.create").allow == true
}

test_other_roles_may_not_manage_keys if {
	every action in apikey_actions {
		every role in ["developer", "invoker", "auditor"] {
			managing("someone@example.com", [role], action) == {
				"allow": false,
				"reason": concat("", ["role ", role, " may not ", action]),
			}
		}
	}
}

test_namespace_bound_developer_may_not_manage_keys if {
	managing("developer@example.com", [], "apikey.create") == {"allow": false, "reason": "subject has no roles"}
}

test_scoped_role_holds_in_its_namespace if {
	by_key({"namespace": "team-a", "role": "invoker"}, "function.invoke", "team-a") == {
		"allow": true,
		"reason": "role invoker grants function.invoke",
	}
}

test_scoped_role_grants_only_its_role if {
	by_key({"namespace": "team-a", "role": "invoker"}, "function.register", "team-a") == {
		"allow": false,
		"reason": "role invoker may not function.register",
	}
}

test_scoped_role_grants_nothing_in_another_namespace if {
	by_key({"namespace": "team-a", "role": "invoker"}, "function.invoke", "team-b") == {
		"allow": false,
		"reason": "subject has no roles",
	}
}

test_scoped_admin_may_not_manage_keys_or_global_resources if {
	admin_key := {"namespace": "team-a", "role": "admin"}
	by_key(admin_key, "function.delete", "team-a").allow == true
	decision := authz.decision with input as {
		"subject": "apikey:0123456789abcdef01234567",
		"roles": [],
		"scoped_roles": [admin_key],
		"action": "apikey.create",
		"resource": keys,
	}
	decision == {"allow": false, "reason": "subject has no roles"}
}

test_scoped_role_never_covers_every_namespace if {
	by_key({"namespace": "*", "role": "admin"}, "function.invoke", "team-a").allow == false
	by_key({"namespace": "*", "role": "admin"}, "function.invoke", "*").allow == false
}

test_scoped_role_needs_a_namespace if {
	decision := authz.decision with input as {
		"subject": "apikey:0123456789abcdef01234567",
		"roles": [],
		"scoped_roles": [{"namespace": "", "role": "auditor"}],
		"action": "audit.read",
		"resource": {"kind": "audit", "namespace": "", "name": ""},
	}
	decision.allow == false
}

test_malformed_scoped_roles_grant_nothing if {
	by_key({"namespace": "team-a", "role": ["admin"]}, "function.invoke", "team-a").allow == false
	by_key({"role": "invoker"}, "function.invoke", "team-a").allow == false
	by_key("invoker", "function.invoke", "team-a").allow == false
}

test_unknown_scoped_role_grants_nothing if {
	by_key({"namespace": "team-a", "role": "root"}, "function.invoke", "team-a") == {
		"allow": false,
		"reason": "unknown role root",
	}
}
