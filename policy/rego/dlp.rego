# Data loss prevention: what to do with sensitive data found in an invocation's body.
#
# The Java scanner (io.faasioflex.policy.dlp) finds the data and reports finding types and counts,
# never the values; this policy decides. What each finding type leads to is data
# (data.faas.dlp.policy in policy/data/faas/dlp/data.json): a matrix of classification and
# finding type, with per-direction and per-role refinements, so an administrator changes it
# without rebuilding the platform. The entry point is data.faas.dlp.decision.
#
# Input:
#   {"direction": "response", "classification": "internal",
#    "caller": {"subject": "alice", "roles": ["invoker"]},
#    "function": {"namespace": "default", "name": "echo"},
#    "findings": {"card": 2, "email": 1}, "scan": "complete"}
#
# "scan" is optional: "complete" (the default), "truncated" or "binary"; anything but "complete"
# adds the finding type "unscanned", since data the scanner did not read may hold anything.
#
# Output:
#   {"allow": bool, "action": "allow"|"alert"|"redact"|"block", "alert": bool, "reason": string,
#    "types": [finding types that led to the action], "actions": {type: action},
#    "classification": the classification the decision applied}
#
# Deny-safe: an unknown or missing classification is treated as restricted, an unknown finding
# type or action name as block, a malformed input as block.
#
# TODO: exceptions are per role only; per-namespace or per-function refinements (input.function is
# passed for that) need one more layer in the action lookup and its data.
package faas.dlp

rules := data.faas.dlp.policy

# How strong each action is; the strongest action of any finding type wins.
severity := {"allow": 0, "alert": 1, "redact": 2, "block": 3}

strictest_classification := "restricted"

default decision := {
	"allow": false,
	"action": "block",
	"alert": false,
	"reason": "denied by default",
	"types": [],
	"actions": {},
	"classification": "restricted",
}

decision := {
	"allow": false,
	"action": "block",
	"alert": false,
	"reason": input_error,
	"types": [],
	"actions": {},
	"classification": classification,
}

decision := {
	"allow": action != "block",
	"action": action,
	"alert": alert,
	"reason": reason,
	"types": types,
	"actions": actions,
	"classification": classification,
} if {
	not input_error
}

# Input checks, from the most basic to the most specific; undefined when the input is usable.
input_error := "input.direction must be request or response" if {
	not direction_given
} else := "input.findings must be an object of finding type to count" if {
	not findings_given
}

direction_given if input.direction in {"request", "response"}

findings_given if is_object(input.findings)

classification := input.classification if {
	known_classification
} else := strictest_classification

known_classification if {
	is_string(input.classification)
	rules.classifications[input.classification]
}

# Finding types with at least one match. A count that is not a number is taken as found.
found contains type if {
	some type, n in input.findings
	is_string(type)
	not no_match(n)
}

found contains "unscanned" if scan_incomplete

no_match(n) if {
	is_number(n)
	n <= 0
}

scan_incomplete if object.get(input, "scan", "complete") != "complete"

actions := {type: type_action(type) | some type in found}

# A body that was not read cannot be redacted: block it instead.
type_action("unscanned") := "block" if {
	known_action(raw_action("unscanned")) == "redact"
}

type_action(type) := known_action(raw_action(type)) if {
	type != "unscanned"
}

type_action("unscanned") := known_action(raw_action("unscanned")) if {
	known_action(raw_action("unscanned")) != "redact"
}

known_action(name) := name if {
	severity[name]
} else := "block"

# The most specific entry of the action matrix for a finding type.
raw_action(type) := strictest(role_actions(type)) if {
	count(role_actions(type)) > 0
} else := a if {
	a := rules.directions[input.direction][classification][type]
} else := a if {
	a := rules.classifications[classification][type]
} else := a if {
	a := rules.defaults[type]
} else := a if {
	a := rules.fallback_action
} else := "block"

role_actions(type) := {known_action(a) |
	some role in caller_roles
	a := rules.role_overrides[role][classification][type]
}

caller_roles contains role if {
	some role in input.caller.roles
	is_string(role)
}

strictest(candidates) := a if {
	some a in candidates
	severity[a] == max({severity[c] | some c in candidates})
}

action := "allow" if {
	count(actions) == 0
} else := strictest({a | some a in actions})

alert if {
	some _, a in actions
	a == "alert"
}

default alert := false

types := sort([type | some type, a in actions; a == action])

reason := "no sensitive data found" if {
	count(actions) == 0
} else := concat("", [action, ": ", concat(",", types), " in ", input.direction, " of ", classification, " function", classification_note])

classification_note := "" if {
	known_classification
} else := " (unknown classification treated as restricted)"
