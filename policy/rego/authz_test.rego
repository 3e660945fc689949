package faas.authz_test

import data.faas.authz

function_actions := {
	"function.register",
	"function.update",
	"function.delete",
	"function.read",
	"function.invoke",
	# A function's secrets are managed by whoever manages the function.
	"secret.write",
	"secret.read",
	"secret.delete",
}

echo := {"kind": "function", "namespace": "default", "name": "echo"}

request(roles, action) := {"subject": "alice", "roles": roles, "action": action, "resource": echo}

decide(roles, action) := d if {
	d := authz.decision with input as request(roles, action)
}

# admin

test_admin_may_do_every_known_action if {
	every action in data.faas.rbac.actions {
		decide(["admin"], action).allow == true
	}
}

test_admin_allow_reason_names_the_role if {
	decide(["admin"], "audit.read") == {"allow": true, "reason": "role admin grants audit.read"}
}

test_admin_may_not_do_an_unknown_action if {
	decide(["admin"], "cluster.destroy") == {"allow": false, "reason": "unknown action cluster.destroy"}
}

# developer

test_developer_may_manage_and_invoke_functions if {
	every action in function_actions {
		decide(["developer"], action) == {
			"allow": true,
			"reason": concat("", ["role developer grants ", action]),
		}
	}
}

test_developer_may_not_do_anything_else if {
	every action in {a | some a in data.faas.rbac.actions; not function_actions[a]} {
		decide(["developer"], action) == {
			"allow": false,
			"reason": concat("", ["role developer may not ", action]),
		}
	}
}

test_developer_may_not_read_audit if {
	decide(["developer"], "audit.read") == {"allow": false, "reason": "role developer may not audit.read"}
}

# invoker

test_invoker_may_invoke if {
	decide(["invoker"], "function.invoke") == {"allow": true, "reason": "role invoker grants function.invoke"}
}

test_invoker_may_do_nothing_else if {
	every action in {a | some a in data.faas.rbac.actions; a != "function.invoke"} {
		decide(["invoker"], action).allow == false
	}
}

test_invoker_may_not_register if {
	decide(["invoker"], "function.register") == {
		"allow": false,
		"reason": "role invoker may not function.register",
	}
}

# auditor

auditor_actions := {"audit.read", "audit.export", "audit.verify"}

test_auditor_may_read_export_and_verify_audit if {
	every action in auditor_actions {
		decide(["auditor"], action) == {"allow": true, "reason": sprintf("role auditor grants %s", [action])}
	}
}

test_auditor_may_do_nothing_else if {
	every action in {a | some a in data.faas.rbac.actions; not a in auditor_actions} {
		decide(["auditor"], action).allow == false
	}
}

test_only_admin_may_hold_or_erase_audit if {
	every action in {"audit.hold", "audit.erase"} {
		decide(["admin"], action).allow == true
		decide(["auditor"], action).allow == false
		decide(["developer"], action).allow == false
	}
}

test_auditor_may_not_invoke if {
	decide(["auditor"], "function.invoke") == {"allow": false, "reason": "role auditor may not function.invoke"}
}

# several roles

test_any_granting_role_allows if {
	decide(["auditor", "invoker"], "function.invoke") == {
		"allow": true,
		"reason": "role invoker grants function.invoke",
	}
}

test_allow_reason_is_stable_when_several_roles_grant if {
	decide(["developer", "admin"], "function.read").reason == "role admin grants function.read"
}

test_no_granting_role_among_several_denies if {
	decide(["auditor", "invoker"], "function.register") == {
		"allow": false,
		"reason": "no role grants function.register",
	}
}

test_unknown_role_beside_a_known_one_grants_nothing_extra if {
	decide(["invoker", "superuser"], "function.delete") == {
		"allow": false,
		"reason": "no role grants function.delete",
	}
}

# deny by default

test_unknown_role_is_denied if {
	decide(["superuser"], "function.invoke") == {"allow": false, "reason": "unknown role superuser"}
}

test_empty_roles_are_denied if {
	decide([], "function.invoke") == {"allow": false, "reason": "subject has no roles"}
}

test_non_string_roles_are_ignored if {
	decide([1, {"admin": true}], "function.invoke") == {"allow": false, "reason": "subject has no roles"}
}

test_roles_that_are_not_an_array_are_denied if {
	decide("admin", "function.invoke") == {
		"allow": false,
		"reason": "input.roles must be an array of role names",
	}
}

test_missing_roles_are_denied if {
	d := authz.decision with input as {"subject": "alice", "action": "function.invoke"}
	d == {"allow": false, "reason": "input.roles must be an array of role names"}
}

test_unknown_action_is_denied if {
	decide(["developer"], "function.explode") == {"allow": false, "reason": "unknown action function.explode"}
}

test_wildcard_is_not_an_action if {
	decide(["admin"], "*") == {"allow": false, "reason": "unknown action *"}
}

test_missing_action_is_denied if {
	d := authz.decision with input as {"subject": "alice", "roles": ["admin"]}
	d == {"allow": false, "reason": "input.action missing"}
}

test_empty_action_is_denied if {
	decide(["admin"], "") == {"allow": false, "reason": "input.action missing"}
}

test_missing_subject_is_denied if {
	d := authz.decision with input as {"roles": ["admin"], "action": "function.read"}
	d == {"allow": false, "reason": "input.subject missing"}
}

test_empty_subject_is_denied if {
	d := authz.decision with input as {"subject": "", "roles": ["admin"], "action": "function.read"}
	d.allow == false
}

test_missing_input_is_denied if {
	authz.decision == {"allow": false, "reason": "input.subject missing"}
}

test_non_object_input_is_denied if {
	d := authz.decision with input as "admin"
	d.allow == false
}

# roles and actions are data

test_changing_data_grants_new_actions_without_new_policy if {
	d := authz.decision with input as request(["invoker"], "function.read")
		with data.faas.rbac.roles.invoker.actions as ["function.invoke", "function.read"]
	d == {"allow": true, "reason": "role invoker grants function.read"}
}

test_a_role_added_in_data_is_known if {
	d := authz.decision with input as request(["operator"], "function.scale")
		with data.faas.rbac.roles.operator as {"actions": ["function.scale"]}
	d.allow == true
}

test_removing_an_action_from_the_catalogue_denies_even_admin if {
	d := authz.decision with input as request(["admin"], "backup.restore")
		with data.faas.rbac.actions as ["function.read"]
	d == {"allow": false, "reason": "unknown action backup.restore"}
}

test_a_role_without_actions_grants_nothing if {
	d := authz.decision with input as request(["guest"], "function.read")
		with data.faas.rbac.roles.guest as {"description": "no actions yet"}
	d == {"allow": false, "reason": "role guest may not function.read"}
}
