/**
 * The plugin test kit: what a plugin's own tests use (test scope) to check it the way the
 * platform will use it.
 *
 * <ul>
 *   <li>{@link io.tributary.plugin.testkit.PluginTestKit} — checks on the plugin zip: schema,
 *       validation, start/stop idempotence, process completion, thread leaks, class loader
 *       release;</li>
 *   <li>{@link io.tributary.plugin.testkit.RunningIntegration} — one started integration of the
 *       loaded plugin, or of a plugin object made by a unit test, for tests of your own;</li>
 *   <li>{@link io.tributary.plugin.testkit.KitContext}, {@link io.tributary.plugin.testkit.RecordedEvents},
 *       {@link io.tributary.plugin.testkit.SampleMessages} and
 *       {@link io.tributary.plugin.testkit.RecordingPublisher} — the context, what the plugin
 *       reported, the seed walkthrough's messages and the broker of a source, so that a plugin's
 *       tests need no fixtures of their own;</li>
 *   <li>{@link io.tributary.plugin.testkit.TestPlatform} and
 *       {@link io.tributary.plugin.testkit.AdminClient} — a real platform with the zip mounted,
 *       for end-to-end tests over MQTT and the REST API.</li>
 * </ul>
 *
 * <p>Walk-through: {@code docs/plugin-development.md}; a complete example: {@code plugins/template}.
 */
package io.tributary.plugin.testkit;
