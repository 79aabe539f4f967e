/** Shared kernel: the types every module names (Channel, Ids) and the in-process event bus modules talk through. */
package io.firstline.kernel;
