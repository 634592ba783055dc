print("proxlab")
