/** policy module. */
package io.faasioflex.policy;
