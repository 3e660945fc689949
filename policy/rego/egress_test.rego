package faas.egress_test

import data.faas.egress

request(overrides) := object.union(
	{"namespace": "integrations", "classification": "internal", "subject": "dev@example.com", "roles": ["developer"], "egress": true},
	overrides,
)

decide(overrides) := decision if {
	decision := egress.decision with input as request(overrides)
}

test_no_egress_requested_is_always_allowed if {
	every classification in ["public", "internal", "confidential", "restricted"] {
		decide({"egress": false, "namespace": "default", "classification": classification}) == {"allow": true, "reason": "no egress requested"}
	}
}

test_egress_in_an_allowed_namespace_is_allowed if {
	decide({}) == {"allow": true, "reason": "egress allowed in namespace integrations"}
}

test_public_data_may_have_egress if {
	decide({"classification": "public"}).allow == true
}

test_egress_outside_allowed_namespaces_is_denied if {
	decide({"namespace": "default"}) == {"allow": false, "reason": "namespace default is not allowed egress"}
}

test_restricted_data_never_gets_egress if {
	decide({"classification": "restricted"}) == {"allow": false, "reason": "functions classified restricted never get egress"}
}

test_confidential_data_never_gets_egress if {
	decide({"classification": "confidential"}).reason == "functions classified confidential never get egress"
}

test_restricted_data_is_denied_even_where_the_data_allows_every_namespace if {
	decision := decide({"classification": "restricted", "namespace": "anywhere"}) with data.faas.egress.allowed_namespaces as ["anywhere"]
	decision.allow == false
}

test_both_violations_are_named if {
	decision := decide({"classification": "restricted", "namespace": "default"})
	decision.allow == false
	contains(decision.reason, "namespace default is not allowed egress")
	contains(decision.reason, "classified restricted")
}

test_missing_classification_is_denied if {
	decision := egress.decision with input as {"namespace": "integrations", "egress": true}
	decision.allow == false
}

test_missing_or_malformed_egress_flag_is_denied if {
	missing := egress.decision with input as {"namespace": "integrations", "classification": "internal"}
	missing == {"allow": false, "reason": "denied by default"}
	decide({"egress": "yes"}) == {"allow": false, "reason": "denied by default"}
}
