/** Walk-ins (来访) and paper letters registered by an agent, who becomes their first responder at once. */
package io.firstline.registration;
