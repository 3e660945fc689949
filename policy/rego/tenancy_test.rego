package faas.authz_test

import data.faas.authz

bound(subject, action, namespace) := decision if {
	decision := authz.decision with input as {
		"subject": subject,
		"roles": [],
		"action": action,
		"resource": {"kind": "function", "namespace": namespace, "name": "f"},
	}
}

test_binding_grants_its_role_in_its_namespace if {
	bound("developer@example.com", "function.register", "team-a").allow == true
	bound("developer@example.com", "function.register", "default").allow == true
}

test_binding_grants_nothing_in_another_namespace if {
	bound("developer@example.com", "function.register", "team-b") == {"allow": false, "reason": "subject has no roles"}
	bound("developer@example.com", "function.read", "team-b").allow == false
	bound("invoker@example.com", "function.invoke", "team-a").allow == false
}

test_global_binding_covers_every_namespace if {
	bound("admin@example.com", "function.delete", "team-b").allow == true
	bound("auditor@example.com", "audit.read", "").allow == true
}

test_binding_grants_only_its_role if {
	bound("invoker@example.com", "function.invoke", "default").allow == true
	bound("invoker@example.com", "function.register", "default").allow == false
}

test_unbound_subject_has_no_roles if {
	bound("stranger@example.com", "function.read", "default") == {"allow": false, "reason": "subject has no roles"}
}

test_token_roles_and_bindings_combine if {
	decision := authz.decision with input as {
		"subject": "invoker@example.com",
		"roles": ["auditor"],
		"action": "audit.read",
		"resource": {"kind": "audit", "namespace": "", "name": ""},
	}
	decision.allow == true
}

grouped(groups, action, namespace) := decision if {
	decision := authz.decision with input as {
		"subject": "someone@example.com",
		"roles": [concat("", ["group:", g]) | some g in groups],
		"action": action,
		"resource": {"kind": "function", "namespace": namespace, "name": "f"},
	}
}

test_group_binding_grants_its_role_in_its_namespace if {
	grouped(["team-a-developers"], "function.register", "team-a").allow == true
	grouped(["team-a-developers"], "function.register", "default").allow == false
}

test_global_group_binding_covers_every_namespace if {
	grouped(["platform-admins"], "function.delete", "team-z").allow == true
}

test_unknown_group_grants_nothing if {
	grouped(["strangers"], "function.read", "default").allow == false
}
