package faas.image_test

import data.faas.image

facts(overrides) := object.union(
	{"reference": "faasioflex/busybox-demo:1", "registry": "", "digest_pinned": false, "local": true, "user": "65534:65534"},
	overrides,
)

decide(namespace, facts_) := decision if {
	decision := image.decision with input as {"namespace": namespace, "subject": "dev@example.com", "image": facts_}
}

test_local_non_root_image_is_allowed if {
	decide("default", facts({})) == {"allow": true, "reason": "image allowed"}
}

test_unknown_registry_is_denied if {
	decision := decide("default", facts({"local": false, "registry": "evil.example.org", "reference": "evil.example.org/x:1"}))
	decision == {"allow": false, "reason": "registry evil.example.org is not allowed"}
}

test_allowed_registry_needs_a_digest if {
	decision := decide("default", facts({"local": false, "registry": "registry.example.com"}))
	decision == {"allow": false, "reason": "images from registry.example.com must be pinned by digest"}
}

test_allowed_registry_with_digest_is_allowed if {
	decide("default", facts({"local": false, "registry": "registry.example.com", "digest_pinned": true})).allow == true
}

test_root_images_are_denied if {
	every user in ["", "root", "0", "0:0", "root:root"] {
		decide("default", facts({"user": user})).reason == "the image runs as root; namespace does not allow root images"
	}
}

test_root_image_allowed_where_the_namespace_allows_it if {
	decision := decide("builders", facts({"user": "root"})) with data.faas.image.root_allowed_namespaces as ["builders"]
	decision.allow == true
}

test_missing_facts_are_denied if {
	decision := image.decision with input as {"namespace": "default"}
	decision == {"allow": false, "reason": "image facts missing"}
}

test_several_violations_are_all_named if {
	decision := decide("default", facts({"local": false, "registry": "evil.example.org", "user": "root"}))
	decision.allow == false
	contains(decision.reason, "registry evil.example.org is not allowed")
	contains(decision.reason, "runs as root")
}
