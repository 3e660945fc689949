package faas.dlp_test

import data.faas.dlp

classifications := ["public", "internal", "confidential", "restricted"]

directions := ["request", "response"]

# The expected action of one finding type, per classification, in both directions unless a
# direction is named. This table restates policy/data/faas/dlp/data.json: a change to the data
# must change it too.
expected := {
	"private_key": {"public": "block", "internal": "block", "confidential": "block", "restricted": "block"},
	"cloud_key": {"public": "block", "internal": "block", "confidential": "block", "restricted": "block"},
	"card": {"public": "alert", "internal": "redact", "confidential": "redact", "restricted": "block"},
	"iban": {"public": "alert", "internal": "redact", "confidential": "redact", "restricted": "block"},
	"ssn": {"public": "alert", "internal": "redact", "confidential": "redact", "restricted": "block"},
	"dni": {"public": "alert", "internal": "redact", "confidential": "redact", "restricted": "block"},
	"nie": {"public": "alert", "internal": "redact", "confidential": "redact", "restricted": "block"},
	"jwt": {"public": "alert", "internal": "alert", "confidential": "redact", "restricted": "block"},
	"secret": {"public": "alert", "internal": "alert", "confidential": "redact", "restricted": "block"},
	"email": {"public": "allow", "internal": "allow", "confidential": "allow", "restricted": "redact"},
	"phone": {"public": "allow", "internal": "allow", "confidential": "alert", "restricted": "redact"},
}

# Where a direction differs from the table above.
expected_by_direction := {"request": {"internal": {"card": "alert", "iban": "alert"}}}

expected_action(direction, classification, type) := a if {
	a := expected_by_direction[direction][classification][type]
} else := expected[type][classification]

request(direction, classification, findings) := {
	"direction": direction,
	"classification": classification,
	"caller": {"subject": "alice", "roles": ["invoker"]},
	"function": {"namespace": "default", "name": "echo"},
	"findings": findings,
}

decide(direction, classification, findings) := d if {
	d := dlp.decision with input as request(direction, classification, findings)
}

# The matrix, cell by cell

test_every_finding_type_in_every_classification_and_direction if {
	every type, _ in expected {
		every classification in classifications {
			every direction in directions {
				a := expected_action(direction, classification, type)
				decide(direction, classification, {type: 1}) == {
					"allow": a != "block",
					"action": a,
					"alert": a == "alert",
					"reason": concat("", [a, ": ", type, " in ", direction, " of ", classification, " function"]),
					"types": [type],
					"actions": {type: a},
					"classification": classification,
				}
			}
		}
	}
}

test_no_findings_are_allowed_everywhere if {
	every classification in classifications {
		every direction in directions {
			decide(direction, classification, {}) == {
				"allow": true,
				"action": "allow",
				"alert": false,
				"reason": "no sensitive data found",
				"types": [],
				"actions": {},
				"classification": classification,
			}
		}
	}
}

test_private_keys_are_blocked_even_for_public_functions if {
	d := decide("request", "public", {"private_key": 1})
	d.allow == false
	d.action == "block"
}

test_cards_are_redacted_in_responses_of_internal_functions if {
	decide("response", "internal", {"card": 3}).action == "redact"
}

test_cards_are_only_alerted_in_requests_to_internal_functions if {
	d := decide("request", "internal", {"card": 1})
	d.action == "alert"
	d.alert == true
	d.allow == true
}

test_cards_are_blocked_for_restricted_functions if {
	decide("response", "restricted", {"card": 1}).action == "block"
}

test_emails_are_allowed_for_confidential_functions if {
	decide("response", "confidential", {"email": 5}).action == "allow"
}

# Several finding types

test_the_strongest_action_wins_and_names_its_types if {
	d := decide("response", "restricted", {"email": 1, "card": 1, "iban": 2})
	d.action == "block"
	d.types == ["card", "iban"]
	d.actions == {"email": "redact", "card": "block", "iban": "block"}
	d.reason == "block: card,iban in response of restricted function"
}

test_redact_with_an_alerting_type_keeps_the_alert if {
	d := decide("response", "internal", {"card": 1, "jwt": 1})
	d.action == "redact"
	d.types == ["card"]
	d.alert == true
}

test_allowed_types_do_not_raise_the_action if {
	d := decide("response", "public", {"email": 1, "phone": 1, "jwt": 1})
	d.action == "alert"
	d.types == ["jwt"]
}

test_zero_and_negative_counts_are_not_findings if {
	decide("response", "restricted", {"card": 0, "iban": -1}).action == "allow"
}

test_a_count_that_is_not_a_number_is_a_finding if {
	decide("response", "restricted", {"card": "many"}).action == "block"
}

test_finding_keys_that_are_not_strings_are_ignored if {
	decide("response", "restricted", {1: 1}).action == "allow"
}

test_an_unknown_finding_type_is_blocked if {
	d := decide("response", "public", {"passport": 1})
	d.action == "block"
	d.types == ["passport"]
}

test_an_unknown_finding_type_is_blocked_without_a_fallback_in_data if {
	d := dlp.decision with input as request("response", "public", {"passport": 1})
		with data.faas.dlp.policy as object.remove(data.faas.dlp.policy, ["fallback_action"])
	d.action == "block"
}

test_an_unknown_finding_type_follows_the_configured_fallback if {
	d := dlp.decision with input as request("response", "public", {"passport": 1})
		with data.faas.dlp.policy.fallback_action as "alert"
	d.action == "alert"
}

test_an_unknown_action_name_in_data_is_blocked if {
	d := dlp.decision with input as request("response", "public", {"email": 1})
		with data.faas.dlp.policy.defaults.email as "shrug"
	d.action == "block"
}

# Classification

test_an_unknown_classification_is_treated_as_restricted if {
	d := decide("response", "secretish", {"email": 1})
	d.action == "redact"
	d.classification == "restricted"
	d.reason == "redact: email in response of restricted function (unknown classification treated as restricted)"
}

test_a_missing_classification_is_treated_as_restricted if {
	d := dlp.decision with input as object.remove(request("response", "public", {"card": 1}), ["classification"])
	d.action == "block"
	d.classification == "restricted"
}

test_a_classification_that_is_not_a_string_is_treated_as_restricted if {
	decide("response", ["public"], {"card": 1}).action == "block"
}

test_a_known_classification_is_reported_as_is if {
	decide("response", "confidential", {}).classification == "confidential"
}

# Bodies the scanner did not read completely

test_a_truncated_scan_counts_as_unscanned if {
	d := dlp.decision with input as object.union(request("response", "restricted", {}), {"scan": "truncated"})
	d.action == "block"
	d.types == ["unscanned"]
}

test_a_binary_body_is_alerted_for_confidential_functions if {
	d := dlp.decision with input as object.union(request("request", "confidential", {}), {"scan": "binary"})
	d.action == "alert"
}

test_an_unscanned_body_is_allowed_for_public_functions if {
	d := dlp.decision with input as object.union(request("request", "public", {}), {"scan": "binary"})
	d.action == "allow"
	d.actions == {"unscanned": "allow"}
}

test_a_complete_scan_adds_nothing if {
	d := dlp.decision with input as object.union(request("request", "restricted", {}), {"scan": "complete"})
	d.action == "allow"
}

test_redact_for_an_unscanned_body_becomes_block if {
	d := dlp.decision with input as object.union(request("response", "public", {}), {"scan": "binary"})
		with data.faas.dlp.policy.defaults.unscanned as "redact"
	d.action == "block"
}

# Role overrides

overrides := {
	"data-steward": {"restricted": {"card": "redact"}},
	"contractor": {"internal": {"email": "block", "card": "alert"}},
	"careless": {"internal": {"card": "oops"}},
}

decide_as(roles, classification, findings) := d if {
	d := dlp.decision with input as object.union(
		request("response", classification, findings),
		{"caller": {"subject": "bob", "roles": roles}},
	)
		with data.faas.dlp.policy.role_overrides as overrides
}

test_a_role_override_relaxes_the_matrix if {
	decide_as(["data-steward"], "restricted", {"card": 1}).action == "redact"
}

test_a_role_override_tightens_the_matrix if {
	decide_as(["contractor"], "internal", {"email": 1}).action == "block"
}

test_the_strictest_override_of_several_roles_wins if {
	decide_as(["contractor", "data-steward"], "internal", {"card": 1}).action == "alert"
	decide_as(["careless", "contractor"], "internal", {"card": 1}).action == "block"
}

test_an_override_for_another_classification_does_not_apply if {
	decide_as(["data-steward"], "internal", {"card": 1}).action == "redact"
	decide_as(["data-steward"], "restricted", {"iban": 1}).action == "block"
}

test_roles_that_are_not_strings_are_ignored if {
	decide_as([{"role": "data-steward"}, 7], "restricted", {"card": 1}).action == "block"
}

test_a_caller_without_roles_gets_the_matrix if {
	d := dlp.decision with input as object.remove(request("response", "restricted", {"card": 1}), ["caller"])
		with data.faas.dlp.policy.role_overrides as overrides
	d.action == "block"
}

# Malformed input

test_an_unknown_direction_is_blocked if {
	decide("sideways", "public", {}) == {
		"allow": false,
		"action": "block",
		"alert": false,
		"reason": "input.direction must be request or response",
		"types": [],
		"actions": {},
		"classification": "public",
	}
}

test_missing_findings_are_blocked if {
	d := dlp.decision with input as object.remove(request("response", "public", {}), ["findings"])
	d.action == "block"
	d.reason == "input.findings must be an object of finding type to count"
}

test_findings_that_are_not_an_object_are_blocked if {
	decide("response", "public", ["card"]).action == "block"
}

test_an_empty_input_is_blocked if {
	d := dlp.decision with input as {}
	d.action == "block"
	d.allow == false
}

# Stands in for a helper to make it undefined for every argument.
never(x) := x if x == "never"

test_the_default_decision_blocks_when_no_rule_decides if {
	d := dlp.decision with input as request("response", "public", {"card": 1})
		with dlp.strictest as never
	d.action == "block"
	d.reason == "denied by default"
}
