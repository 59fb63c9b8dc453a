package dev.switchboard.core.desk;

import java.util.List;

/** An agent or manager as a listing shows it: with the ids of the departments it is in. */
public record ListedAgent(Agent agent, List<String> departments) {
    public ListedAgent {
        departments = List.copyOf(departments);
    }
}
