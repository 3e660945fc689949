package faas.spec_test

import data.faas.spec

decide(roles, fields) := decision if {
	decision := spec.decision with input as {
		"subject": "someone@example.com",
		"roles": roles,
		"resource": {"kind": "function", "namespace": "default", "name": "f"},
		"spec": object.union({"maxInstances": 3, "memoryMb": 128, "cpus": 0.5, "classification": "internal"}, fields),
	}
}

test_ordinary_spec_is_allowed if {
	decide(["developer"], {}) == {"allow": true, "reason": "spec allowed"}
}

test_developer_may_not_exceed_limits if {
	decide(["developer"], {"maxInstances": 11}) == {"allow": false, "reason": "only admin may set maxInstances above 10"}
	decide(["developer"], {"memoryMb": 2048}).allow == false
	decide(["developer"], {"cpus": 4}).allow == false
}

test_limits_are_inclusive if {
	decide(["developer"], {"maxInstances": 10, "memoryMb": 1024, "cpus": 2}).allow == true
}

test_developer_may_not_declassify_to_public if {
	decide(["developer"], {"classification": "public"}) == {"allow": false, "reason": "only admin may set classification to public"}
}

test_admin_may_set_reserved_fields if {
	decide(["admin"], {"maxInstances": 20, "classification": "public"}).allow == true
}

test_binding_roles_count if {
	decision := spec.decision with input as {
		"subject": "admin@example.com",
		"roles": [],
		"resource": {"kind": "function", "namespace": "team-z", "name": "f"},
		"spec": {"maxInstances": 20},
	}
	decision.allow == true
}

test_all_violations_are_named if {
	decision := decide(["developer"], {"maxInstances": 11, "classification": "public"})
	decision.allow == false
	contains(decision.reason, "maxInstances")
	contains(decision.reason, "classification")
}

test_missing_spec_is_denied if {
	decision := spec.decision with input as {"subject": "x", "roles": ["admin"], "resource": {"namespace": "default"}}
	decision == {"allow": false, "reason": "spec missing"}
}

test_scoped_role_counts_in_its_namespace_only if {
	base := {
		"subject": "apikey:1",
		"roles": [],
		"scoped_roles": [{"namespace": "default", "role": "admin"}],
		"spec": {"maxInstances": 20},
	}
	allowed := spec.decision with input as object.union(base, {"resource": {"kind": "function", "namespace": "default", "name": "f"}})
	denied := spec.decision with input as object.union(base, {"resource": {"kind": "function", "namespace": "team-a", "name": "f"}})
	allowed.allow == true
	denied.allow == false
}
