/** backup module. */
package io.faasioflex.backup;
