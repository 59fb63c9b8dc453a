package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.EnableResult;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SwitchboardApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of the WhatsApp bridge (app id {@code whatsapp-bridge}): declares the settings, and on enable drains
 * the inbox left by an earlier run (a restart or crash) and schedules a periodic drain as a safety net, which
 * also prunes, hourly, message ids older than {@value DeliveryProcessor#SEEN_RETENTION_DAYS} days and processed
 * deliveries older than the {@code inboxRetentionHours} setting.
 */
@Extension
public class WhatsAppBridgeApp implements SwitchboardApp {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppBridgeApp.class);

    /** Delay between periodic drains. */
    static final Duration DRAIN_EVERY = Duration.ofSeconds(20);
    private static final long PRUNE_EVERY_MILLIS = Duration.ofHours(1).toMillis();

    private final AtomicReference<ScheduledFuture<?>> schedule = new AtomicReference<>();
    private final AtomicLong lastPrune = new AtomicLong();

    /** Creates the app; pf4j instantiates extensions through the public no-argument constructor. */
    public WhatsAppBridgeApp() {
    }

    @Override
    public List<SettingDefinition> settings() {
        return BridgeSettings.DEFINITIONS;
    }

    @Override
    public EnableResult onEnable(AppContext context) {
        if (context.settings().get(BridgeSettings.APP_SECRET).map(String::isEmpty).orElse(true)) {
            return EnableResult.refuse("setting appSecret is empty; enter the Meta app's App Secret");
        }
        if (context.settings().get(BridgeSettings.VERIFY_TOKEN).map(String::isEmpty).orElse(true)) {
            return EnableResult.refuse("setting verifyToken is empty; choose one and enter it in the Meta App Dashboard");
        }
        ProcessingLanes.renew();
        context.executor().execute(() -> {
            int drained = new DeliveryProcessor(context).drainExclusively();
            if (drained > 0) {
                LOG.info("processed {} webhook deliveries left in the inbox", drained);
            }
        });
        ScheduledFuture<?> previous = schedule.getAndSet(context.executor().scheduleWithFixedDelay(
                () -> periodic(context), DRAIN_EVERY, DRAIN_EVERY));
        if (previous != null) {
            previous.cancel(false);
        }
        return EnableResult.ok();
    }

    private void periodic(AppContext context) {
        DeliveryProcessor processor = new DeliveryProcessor(context);
        processor.drainExclusively();
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (now - last >= PRUNE_EVERY_MILLIS && lastPrune.compareAndSet(last, now)) {
            int pruned = processor.pruneSeen();
            int retired = new Inbox(context.store()).pruneDone(now,
                    context.settings().getLong(BridgeSettings.INBOX_RETENTION_HOURS));
            LOG.debug("pruned {} expired message ids and {} processed deliveries", pruned, retired);
        }
    }

    @Override
    public void onDisable(AppContext context) {
        ScheduledFuture<?> current = schedule.getAndSet(null);
        if (current != null) {
            current.cancel(false);
        }
    }

    @Override
    public void onSettingChanged(String settingId, AppContext context) {
        // Settings are read on every request; nothing is cached.
        LOG.debug("setting {} changed", settingId);
    }
}
