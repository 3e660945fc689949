/** anomaly module. */
package io.faasioflex.anomaly;
