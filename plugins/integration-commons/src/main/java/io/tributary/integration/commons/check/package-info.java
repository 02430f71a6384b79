/** What check-connection answers of the bundled plugins share: the sample record as plain JSON values. */
package io.tributary.integration.commons.check;
