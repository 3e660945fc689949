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
	every user in ["", "root", "0", "0:0", "root:root", "00", "0000", "+0", "-0", "0:1000"] {
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

test_numeric_users_other_than_zero_are_not_root if {
	every user in ["1000", "65534:65534", "10", "100:0", "app"] {
		decide("default", facts({"user": user})).allow == true
	}
}

pull_of(facts_) := decision if {
	decision := image.pull with input as {"namespace": "default", "subject": "dev@example.com", "image": facts_}
}

test_pull_from_an_allowed_registry_with_a_digest_is_allowed_before_the_user_is_known if {
	pulled := pull_of(facts({"local": false, "registry": "registry.example.com", "digest_pinned": true, "user": ""}))
	pulled == {"allow": true, "reason": "image may be pulled"}
}

test_pull_from_an_unknown_registry_is_denied if {
	pulled := pull_of(facts({"local": false, "registry": "127.0.0.1:5999", "reference": "127.0.0.1:5999/probe/x:1"}))
	pulled == {"allow": false, "reason": "registry 127.0.0.1:5999 is not allowed"}
}

test_pull_of_docker_hub_is_denied_unless_listed if {
	pull_of(facts({"local": false, "registry": "docker.io", "user": ""})).allow == false
	allowed := pull_of(facts({"local": false, "registry": "docker.io", "user": ""})) with data.faas.image.allowed_registries as ["docker.io"]
	allowed.allow == true
}

test_pull_needs_the_digest_its_registry_requires if {
	pulled := pull_of(facts({"local": false, "registry": "registry.example.com", "user": ""}))
	pulled == {"allow": false, "reason": "images from registry.example.com must be pinned by digest"}
}

test_pull_without_facts_is_denied if {
	pulled := image.pull with input as {"namespace": "default"}
	pulled == {"allow": false, "reason": "image facts missing"}
}
