"""The built-in plant simulator: a demo plant, its values and alarms, and an MQTT publisher.

The publisher (which needs paho) is ``console.simulator.publisher``; it is not imported here.
"""

from console.simulator.engine import PlantSimulator, SimStep, plan_gateways
from console.domain.credit_code import is_valid as is_valid_credit_code
from console.simulator.plantgen import build_demo_plant

__all__ = ["PlantSimulator", "SimStep", "build_demo_plant", "is_valid_credit_code", "plan_gateways"]
