/** Start-up and infrastructure: database creation and migration, workspace, clock, security and problem+json errors. */
package io.firstline.platform;
