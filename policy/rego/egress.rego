# Whether a function may have a network, decided at registration and update. Functions run without
# one (--network none); a function that asks for egress joins the platform's egress network only in
# a namespace the data allows, and never when it handles confidential or restricted data: a
# function that can reach the outside could send that data there, beyond the reach of data-loss
# prevention, which only sees invocation bodies. Rules are data (policy/data/faas/egress/data.json).
#
# Input:
#   {"namespace": "integrations", "classification": "internal", "subject": "dev@example.com",
#    "roles": ["developer"], "egress": true}
# Entry point data.faas.egress.decision: {"allow": bool, "reason": string}.
package faas.egress

default decision := {"allow": false, "reason": "denied by default"}

decision := {"allow": true, "reason": "no egress requested"} if input.egress == false

decision := {"allow": true, "reason": sprintf("egress allowed in namespace %s", [input.namespace])} if {
	input.egress == true
	count(violations) == 0
}

decision := {"allow": false, "reason": concat("; ", sort(violations))} if {
	input.egress == true
	count(violations) > 0
}

violations contains sprintf("namespace %s is not allowed egress", [input.namespace]) if {
	not namespace_allowed
}

violations contains "classification missing" if not classification_given

violations contains sprintf("functions classified %s never get egress", [input.classification]) if {
	classification_given
	classification_denied
}

namespace_allowed if {
	some namespace in data.faas.egress.allowed_namespaces
	namespace == input.namespace
}

# Named rules, not inline calls: a negated call would fail rather than succeed on missing input.
classification_given if is_string(input.classification)

classification_denied if {
	some denied in data.faas.egress.denied_classifications
	denied == input.classification
}
